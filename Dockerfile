# Greenlight for production: PostgreSQL via DATABASE_URL (see compose.yaml), migrations applied by
# `node dist/cli.js migrate` before the server starts. Build: docker build -t greenlight .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
COPY prisma ./prisma
COPY prisma.config.ts tsconfig.json ./
# postinstall patches the pg adapter and generates the Prisma client (needs any DATABASE_URL).
ENV DATABASE_URL=postgresql://build@localhost/build
RUN npm ci
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=build /app/package.json /app/prisma.config.ts ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 CMD node -e "fetch('http://127.0.0.1:4000/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["sh", "-c", "node dist/cli.js migrate && exec node dist/cli.js start"]
