# syntax=docker/dockerfile:1
# ERP Link connector, production image (docs/hosting.md). From the repository root:
#   docker build -t erp-link-connector .
#   docker run --env-file connector.env -p 8080:8080 erp-link-connector
# Stage 1 compiles the connector (TypeScript → dist/*.js) with the repository's dev tooling; stage 2 holds only the
# compiled JavaScript and its runtime dependencies (@azure/msal-node, dotenv), runs as the unprivileged `node` user
# and reports its health. tests/connector/productionPackage.test.ts runs these steps as commands on every CI run.

FROM node:20-bookworm-slim AS build
WORKDIR /src
ENV PP_TOOLS_TELEMETRY_OPTOUT=true
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:connector

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src/out/connector/package.json /src/out/connector/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /src/out/connector/dist ./dist
COPY --from=build /src/out/connector/config ./config
USER node
ENV CONNECTOR_HOST=0.0.0.0
ENV CONNECTOR_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["node", "dist/healthcheck.js"]
CMD ["node", "--enable-source-maps", "dist/main.js"]
