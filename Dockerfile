# syntax=docker/dockerfile:1
# arcparse HTTP service: docker build -t arcparse . && docker run -p 3000:3000 --cpus 2 -e ARCPARSE_THREADS=2 arcparse
# Node 24 (supported until 2028-04; npm 11 honours package.json#allowScripts). Pin by digest in production.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The server's packages are optional peer dependencies (a library install does not need them): add them back after pruning.
RUN npm run build && npm prune --omit=dev \
 && npm install --no-save --omit=dev --ignore-scripts --no-audit --no-fund \
    $(node -p "Object.entries(require('./package.json').peerDependencies).map(([n, v]) => n + '@' + v).join(' ')")

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
# os.availableParallelism() may report the host's cores, not the container's CPU limit:
# set ARCPARSE_THREADS to the limit (docker run --cpus N -e ARCPARSE_THREADS=N).
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node public ./public
COPY --chown=node:node models ./models
# The image's node user, by number: Kubernetes' runAsNonRoot can only verify a numeric user
# (deploy/kubernetes/deployment.yaml runs as 1000:1000 too).
USER 1000:1000
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=50", "dist/server/main.js"]
