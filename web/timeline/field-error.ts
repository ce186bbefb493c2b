/**
 * One refused field of an input, as the API lists them in a BAD_USER_INPUT's `extensions.errors`:
 * its path (`events[0].data.speaker`) and why. No DOM here: the tests and the server's tooling
 * import it too.
 */
export interface FieldError {
  path: string;
  reason: string;
}
