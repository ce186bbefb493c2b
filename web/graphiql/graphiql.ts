/**
 * GraphiQL, bundled by the project's own build (npm run build:page → dist/page/graphiql.js and
 * graphiql.css) and served by the API at GET /graphql to browsers: nothing is loaded from another
 * host. Request headers (an API key pasted into the headers editor) are never written to storage.
 */
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/graphiql.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const url = new URL('/graphql', window.location.href);
const subscriptionUrl = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}${url.pathname}`;
const fetcher = createGraphiQLFetcher({ url: url.href, subscriptionUrl });

/**
 * GraphiQL's storage, with every `headers` left out of what it writes: `shouldPersistHeaders`
 * keeps them out of the tabs, but the query history would still store them with each query.
 */
const storage = {
  getItem: (key: string) => window.localStorage.getItem(key),
  setItem: (key: string, value: string) => window.localStorage.setItem(key, withoutHeaders(value)),
  removeItem: (key: string) => window.localStorage.removeItem(key),
  clear: () => window.localStorage.clear(),
  get length() {
    return window.localStorage.length;
  },
};

function withoutHeaders(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), (key, field: unknown) => (key === 'headers' ? null : field));
  } catch {
    return value; // not JSON: no headers in it
  }
}

const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher,
      storage,
      shouldPersistHeaders: false,
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: true,
    }),
  );
}
