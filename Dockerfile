# mockloop: web client, API and grading worker in one image.
#   podman build --format docker -t mockloop .   (or docker build; the docker format keeps HEALTHCHECK)
#   podman run -p 3000:3000 -v mockloop-data:/data mockloop
# BASE may name any image with Node >= 20.19 and npm on PATH (see docs/container.md).
ARG BASE=node:20-bookworm-slim

FROM ${BASE} AS build
# Only for builds behind a TLS-inspecting proxy: the path of a CA bundle inside the BASE image
# for npm to trust (docs/container.md shows a base that carries one). Build stage only.
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web && npm prune --omit=dev --no-audit --no-fund

FROM ${BASE}
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=1000:1000 /app /app
# The embedded database lives in /data; mount a volume there (or set DATABASE_URL).
RUN ["node", "-e", "require('fs').mkdirSync('/data',{recursive:true});require('fs').chownSync('/data',1000,1000)"]
VOLUME /data
# Not root: uid 1000 is the "node" user of the official images.
USER 1000:1000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "tsx", "src/server.ts"]
