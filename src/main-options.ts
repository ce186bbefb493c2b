/** Options of the HTTP server shared by main.ts and the tests. */

/** 500 events of at most 64 KiB each, with room for the GraphQL envelope. */
export const MAX_BODY_BYTES = 40 * 1024 * 1024;
