# Greenlight for production: PostgreSQL via DATABASE_URL (see compose.yaml), migrations applied by
# `node dist/cli.js migrate` before the server starts. Build: docker build -t greenlight .
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json ./
COPY scripts/build.mjs ./scripts/
# postinstall patches the pg adapter and generates the Prisma client (the sources come after, so the
# dependencies stay a cached layer); the build then compiles them.
RUN npm ci
COPY src ./src
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
# A 16 MB semi-space (V8's young generation is two): Node 24 sizes it by the host's memory, up to 64 MB, which
# made a server under the benchmark's reads 290 MB resident instead of 215, with no CPU saved that the
# benchmark could measure (README Performance). Every node process of the image gets it, workers included.
ENV NODE_ENV=production PORT=4000 NODE_OPTIONS=--max-semi-space-size=16
WORKDIR /app
COPY --from=build /app/package.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
# The renewal model's committed parameters, comparables and backtest report: the server only predicts.
COPY models ./models
USER node
EXPOSE 4000
# On the port the server is configured for (PORT may be overridden at run time); the start period covers
# the migrations run before the server listens.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "node dist/cli.js migrate && exec node dist/cli.js start"]
