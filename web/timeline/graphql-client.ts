/**
 * GraphQL over HTTP (POST /graphql, JSON) and over WebSocket (graphql-ws, the protocol the API
 * speaks on the same path) from the browser. On a server with PUBLIC_READ=false the reader's API
 * key is sent as `Authorization: Bearer` (HTTP) and as the `authorization` connection parameter
 * (WebSocket); it is kept for the browser tab only (sessionStorage), never in the URL.
 */
import { type Client, createClient } from 'graphql-ws';
import type { FieldError } from './field-error.js';
import type { TypedDocumentString } from '../generated/graphql.js';

export type { FieldError };

const KEY_STORAGE = 'diplomacy-timeline.api-key';

function apiKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

/** Remembers (or, with null, forgets) the key for this tab. */
export function setApiKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** The header that carries the tab's key (none without one), for GraphQL and for the HTTP endpoints (/export/…). */
export function authorization(): Record<string, string> {
  const key = apiKey();
  return key ? { authorization: `Bearer ${key}` } : {};
}

export class GraphqlError extends Error {
  /** `fields`: the refused fields of a BAD_USER_INPUT (`extensions.errors`), empty otherwise. */
  constructor(
    message: string,
    readonly code: string,
    readonly fields: readonly FieldError[] = [],
  ) {
    super(message);
  }
}

interface GraphqlResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; errors?: unknown } }[];
}

function fieldErrors(listed: unknown): FieldError[] {
  if (!Array.isArray(listed)) return [];
  return listed.filter(
    (e): e is FieldError =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as FieldError).path === 'string' &&
      typeof (e as FieldError).reason === 'string',
  );
}

function failure(errors: NonNullable<GraphqlResponse<unknown>['errors']>): GraphqlError {
  const first = errors[0];
  return new GraphqlError(
    errors.map((e) => e.message).join('; '),
    first?.extensions?.code ?? 'UNKNOWN',
    errors.flatMap((e) => fieldErrors(e.extensions?.errors)),
  );
}

/**
 * Sends one of the generated documents (web/generated/graphql.ts, from the page's operations.graphql):
 * the variables are checked, and the answer typed, by the document's generated types.
 */
export async function query<T, V>(
  document: TypedDocumentString<T, V>,
  variables: NoInfer<V>,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...authorization() },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new GraphqlError('the service cannot be reached', 'NETWORK');
  }
  let body: GraphqlResponse<T>;
  try {
    body = (await response.json()) as GraphqlResponse<T>;
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new GraphqlError(`the service answered ${response.status} without a GraphQL body`, 'NETWORK');
  }
  if (body.errors?.length) throw failure(body.errors);
  if (!body.data) throw new GraphqlError(`the service answered ${response.status} without data`, 'UNKNOWN');
  return body.data;
}

export interface LiveStatus {
  (state: 'connecting' | 'live' | 'offline'): void;
}

/** One WebSocket for the page's subscriptions; reconnects (with back-off) when the connection drops. */
export function liveClient(onStatus: LiveStatus): Client {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  return createClient({
    url,
    lazy: false,
    connectionParams: () => authorization(),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: {
      connecting: () => onStatus('connecting'),
      connected: () => onStatus('live'),
      closed: () => onStatus('offline'),
    },
  });
}

export interface Subscription<T> {
  next(data: T): void;
  error(error: GraphqlError): void;
}

/** Subscribes; the returned function unsubscribes. */
export function subscribe<T, V extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentString<T, V>,
  variables: NoInfer<V>,
  sink: Subscription<T>,
): () => void {
  return client.subscribe<T>(
    { query: document.toString(), variables },
    {
      next: (result) => {
        if (result.errors?.length) sink.error(failure(result.errors as never));
        else if (result.data) sink.next(result.data);
      },
      error: (error) => {
        if (Array.isArray(error)) sink.error(failure(error as never));
        else
          sink.error(
            new GraphqlError(error instanceof Error ? error.message : 'the live connection failed', 'NETWORK'),
          );
      },
      complete: () => undefined,
    },
  );
}
