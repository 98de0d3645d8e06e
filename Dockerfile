# reliefd in a container: a static binary (pure-Go SQLite, no cgo) on a
# distroless base, run as a non-root user, its embedded database on the
# /data volume. PostgreSQL: set DATABASE_URL (deploy/compose.yaml does).
#
#   docker build -t reliefledger:1.0.0 --build-arg VERSION=1.0.0 .
#   docker run -p 8080:8080 -v reliefd-data:/data reliefledger:1.0.0

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=0.0.0-dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/reliefd ./cmd/reliefd \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/reliefd /usr/local/bin/reliefd
COPY --from=build --chown=65532:65532 /out/data /data
ENV RELIEF_DATA_DIR=/data RELIEF_ADDR=:8080
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/reliefd"]
CMD ["serve"]
