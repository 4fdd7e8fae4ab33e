# One image for both roles: ROLE=web and ROLE=worker (docker-compose.yml and deploy/kubernetes
# run the same image with a different ROLE). Build with the full toolchain, run with production
# dependencies only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; the build is the next step.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json tsconfig.web.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS runtime
LABEL org.opencontainers.image.title="oom-triage" \
      org.opencontainers.image.description="Explains Linux OOM-killer kills from pasted logs: a Slack bot and a CLI" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production
WORKDIR /app
# The reply's chart is drawn with assets/fonts (a DejaVu Sans subset); the full DejaVu Sans is the
# fallback for characters outside it (src/worker/render-chart-png.ts).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY examples ./examples
COPY assets ./assets
COPY manifest.yml LICENSE ./
# The image's `node` user, by number: Kubernetes' runAsNonRoot can only verify a numeric user.
# Nothing is written outside /tmp, so the root filesystem can be read-only.
USER 1000:1000
EXPOSE 3000
# Both roles answer GET /healthz on PORT (the worker serves /healthz and /metrics only).
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
