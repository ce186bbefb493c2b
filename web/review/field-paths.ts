/**
 * The API's field paths (`events[0].data.participants[1]`, `events[0].sources[0].publisher`,
 * `streamId`) as the form uses them: an element id for each, the paths an error may land on (the
 * field itself, else the nearest field that holds it), and what is left of the path below that
 * field, in words. Pure: no DOM.
 */

/** An element id for a path: `events[0].data.speaker` → `f-events-0-data-speaker`. */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9_]+/g, '-').replace(/-$/, '')}`;
}

/**
 * The path as the form names it: GraphQL's own input checks (a bad DateTime, an unknown enum)
 * name the variable (`input.events[0].occurredAt`), the service's checks the input's fields.
 */
export function apiPath(path: string): string {
  return path.replace(/^input\./, '');
}

/** The path, then each path that holds it, nearest first: `a[0].b[1]` → `a[0].b[1]`, `a[0].b`, `a[0]`, `a`. */
export function ancestors(path: string): string[] {
  const paths = [path];
  let rest = path;
  for (;;) {
    const cut = Math.max(rest.lastIndexOf('.'), rest.lastIndexOf('['));
    if (cut <= 0) return paths;
    rest = rest.slice(0, cut);
    paths.push(rest);
  }
}

/**
 * What of `path` lies below `field`, in words, or '' when it is the field itself:
 * (`events[0].data.topics`, `events[0].data.topics[2]`) → `item 3`;
 * (`events[0].data.terms`, `events[0].data.terms.quantities[0].what`) → `quantities, item 1, what`.
 */
export function below(field: string, path: string): string {
  if (!path.startsWith(field) || path === field) return '';
  return path
    .slice(field.length)
    .split(/(?=[.[])/)
    .map((part) => (part.startsWith('[') ? `item ${Number(part.slice(1, -1)) + 1}` : part.slice(1)))
    .join(', ');
}
