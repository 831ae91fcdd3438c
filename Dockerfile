# The Bops Assistant for a container platform (Azure Container Apps, App Service,
# or compose.yaml for a pilot). Production mode by default: it starts only with
# the production settings (README, Configuration), runs as the unprivileged
# `node` user, and holds no dev dependency. TypeScript runs through tsx, as with
# npm start, so the image runs the very files the tests ran.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    BOPS_MODE=production \
    HOST=0.0.0.0 \
    PORT=3978 \
    DATA_DIR=/app/.data

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# Owned by root and read-only to the process: the code cannot be changed by the server that runs it.
COPY tsconfig.json ./
COPY api ./api
COPY bot ./bot
COPY dialogs ./dialogs
COPY methodology ./methodology
# DATA_DIR is the one place the server may write (tsx's cache goes to the system temp dir).
RUN mkdir -p /app/.data && chown node:node /app/.data

USER node
EXPOSE 3978

# Liveness only: /readyz (Postgres and Redis answer) is for the load balancer, so an outage of
# Redis does not make the orchestrator restart every instance at once.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Exec form: node is PID 1 and gets SIGTERM itself; the server drains within SHUTDOWN_GRACE_SECONDS.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "bot/main.ts"]
