# Image of the search API. Node 24 runs the TypeScript sources as they are (type stripping); the only build is
# the web page's (ui/ → dist/ui/), in a stage of its own whose dev tools never reach the final image, like the
# dependency stage's npm cache and lockfile tooling.
#   docker build -t image-analyses-search:local .
# Both stages use the same base so native addons, if one is ever added, match the runtime's libc and Node ABI.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=dev leaves out the test tools and the `node` npm package (a second Node binary): the image's node runs.
# No production dependency has an install script, so none is allowed to run.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# The web page (UI_ENABLED, on by default): esbuild, Preact and the chart library are dev dependencies, so they are
# installed here only; the final image gets the built files. No install script is needed (esbuild's binary comes
# in its platform package).
FROM node:24-bookworm-slim AS ui
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
COPY ui ./ui
COPY scripts/build-ui.ts ./scripts/
RUN node scripts/build-ui.ts && chmod -R a+rX,go-w dist

# The sources, made readable by everyone and writable by no one whatever the umask of the checkout (a 077
# checkout would otherwise leave them unreadable to the `node` user). Done in its own stage so the final image
# gets one clean layer instead of a copy plus a chmod copy.
FROM node:24-bookworm-slim AS sources
WORKDIR /app
COPY package.json ./
COPY src ./src
RUN chmod -R a+rX,go-w /app

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
# Owned by root and read-only to the `node` user that runs the service: a compromised process cannot rewrite its
# own code. src/version.ts reads package.json at start, so it ships beside src/. Nothing at run time reads
# ../shared (only the demo corpus does, which the server does not import; test/deploy checks this).
COPY --from=deps /app/node_modules ./node_modules
COPY --from=sources /app ./
COPY --from=ui /app/dist/ui ./dist/ui
USER node
EXPOSE 3000
# No tini: node runs as PID 1 and the app installs SIGTERM/SIGINT handlers (close-with-grace, 10 s drain), and it
# spawns no child processes, so there are no zombies to reap. docker-compose.yml adds `init: true` for the few
# seconds before the handlers exist; with plain `docker run`, pass --init for the same, and --stop-timeout 15.
STOPSIGNAL SIGTERM
# Liveness only (no dependency): slim has no curl, so node itself asks. Orchestrators probe /readyz for readiness.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node directly, not `npm start`: npm would stand between the signal and the app. The preload starts
# OpenTelemetry before the app loads when OTEL_* variables ask for it, and loads nothing otherwise.
CMD ["node", "--import", "./src/telemetry/register.ts", "src/server.ts"]
