# The API image: built with the project's own build, run against DATABASE_URL (see docker-compose.yml).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
# The browser code (web/build.mjs, run by the build), with its committed generated API types.
COPY web ./web
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY migrations ./migrations
COPY data/demo-timeline.json ./data/demo-timeline.json
USER node
EXPOSE 3000
# The heap cap keeps memory flat under exports (see BENCHMARKS.md); NODE_HEAP_MB changes it, as for npm start.
ENV NODE_HEAP_MB=384
CMD ["sh", "-c", "exec node --max-old-space-size=${NODE_HEAP_MB} dist/main.js"]
