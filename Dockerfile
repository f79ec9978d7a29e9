# syntax=docker/dockerfile:1

# One image runs every process of the dashboard. The default command is the web server;
# the others are chosen by the command (docker-compose.yml does exactly this):
#
#   web      node --import ./scripts/client-address.mjs .next/standalone/server.js  (default, port 3000)
#   worker   node --import tsx workers/index.ts
#   migrate  node ./node_modules/prisma/build/index.js migrate deploy
#   admin    node --import tsx scripts/admin.ts <command> [options]
#
# They are the npm scripts start, worker, db:migrate and admin without `--env-file-if-exists=.env`:
# in a container every setting comes from the environment (see .env.example), and the
# image holds no .env file and no secret.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
ENV NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1
WORKDIR /app

# Every dependency, for the build. --ignore-scripts skips dependencies' install scripts
# (Prisma's would download engine binaries that the JS engine does not use) and our own
# postinstall, because the build below runs `prisma generate` itself.
FROM base AS deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund

# Production dependencies only, for the worker, migrations and the admin CLI, which run
# TypeScript through tsx. Next's SWC compiler is only used by `next build`, so it goes.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/@next/swc-*

# `npm run build` = prisma generate (into lib/generated/prisma) + next build (standalone)
# + copying the static assets into the standalone folder. prisma generate needs a
# well-formed DATABASE_URL and never connects: this dummy one exists only in this step.
FROM deps AS build
COPY . .
RUN DATABASE_URL=postgresql://build@127.0.0.1:5432/build npm run build

FROM base AS runtime
ENV NODE_ENV=production \
    HOSTNAME=0.0.0.0 \
    PORT=3000
# Worker, migrations and CLI: sources, the generated Prisma client and production
# node_modules. Add a folder here when the worker or the CLI starts importing from it.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/tsconfig.json /app/prisma.config.ts ./
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/lib ./lib
COPY --from=build /app/workers ./workers
COPY --from=build /app/scripts ./scripts
# Web: the standalone server, with its own traced node_modules and static assets.
COPY --from=build /app/.next/standalone ./.next/standalone
# Files stay owned by root and read-only to the app; only Next's cache folder is writable.
# The media staging folder is a volume shared by web and worker (docker-compose.yml).
RUN mkdir -p .next/standalone/.next/cache /var/lib/ascdash/media-staging \
 && chown node:node .next/standalone/.next/cache /var/lib/ascdash/media-staging
USER node
EXPOSE 3000
# For the web server. Services that run the worker or a one-off command turn it off.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "./scripts/client-address.mjs", ".next/standalone/server.js"]
