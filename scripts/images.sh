#!/usr/bin/env bash
# Builds the container images of the five services, xuanxuan/<name>-service:<version>, with Jib (profile
# `images`; no Docker or other container engine needed), as image tarballs: <service>/target/jib-image.tar,
# each loadable with `docker load -i` or `podman load -i`, or pushed with `skopeo copy` / `crane push`.
#
#   scripts/images.sh                        base image eclipse-temurin:17-jre, pulled from its registry
#   XX_IMAGE_BASE=tar:///path/jre.tar scripts/images.sh
#                                            base image from a tarball (`docker save eclipse-temurin:17-jre`),
#                                            for machines without registry access
#   XX_IMAGE_BASE=registry.example.com/base/jre:17 XX_IMAGE_REPOSITORY=registry.example.com/xuanxuan \
#     XX_IMAGE_TAG=1.2.0 scripts/images.sh   another base, repository and tag
#
# To push straight to a registry instead (no tarball): ./mvnw -B -Pimages -DskipTests package jib:build
# -pl gateway-service,presence-service,chat-service,offline-service,file-service -am
# (with -Dxx.image.repository=... ; credentials as Jib reads them: docker config or -Djib.to.auth.*).
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES=gateway-service,presence-service,chat-service,offline-service,file-service
args=(-B -q -Pimages -DskipTests -pl "$SERVICES" -am)
[[ -n "${XX_IMAGE_BASE:-}" ]] && args+=("-Dxx.image.base=$XX_IMAGE_BASE")
[[ -n "${XX_IMAGE_REPOSITORY:-}" ]] && args+=("-Dxx.image.repository=$XX_IMAGE_REPOSITORY")
[[ -n "${XX_IMAGE_TAG:-}" ]] && args+=("-Dxx.image.tag=$XX_IMAGE_TAG")
if [[ "${XX_IMAGE_BASE:-}" == tar://* ]]; then
    base="${XX_IMAGE_BASE#tar://}"
    [[ -f "$base" ]] || { echo "images.sh: base image tarball $base not found" >&2; exit 1; }
fi

./mvnw "${args[@]}" package
for service in ${SERVICES//,/ }; do
    tar="$service/target/jib-image.tar"
    [[ -f "$tar" ]] || { echo "images.sh: $tar was not written" >&2; exit 1; }
    echo "$tar ($(du -h "$tar" | cut -f1))"
done
