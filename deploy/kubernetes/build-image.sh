#!/usr/bin/env bash
# Builds the agent image with BuildKit on Linux (the Dockerfile has no RUN step, so no Windows host is
# needed) and writes the release's manifests for it, naming the image by the digest the build printed.
#   deploy/kubernetes/build-image.sh oci              release/hcnproxyctl-agent.oci.tar (CI, no registry)
#   deploy/kubernetes/build-image.sh registry REPO    pushes REPO (the release step)
# Either way: release/kubernetes/*.yaml for REPO@sha256:<digest>. Needs `npm run dist:cli` first.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f release/hcnproxyctl-win-x64/hcnproxyctl.exe ]; then
  echo "build-image: release/hcnproxyctl-win-x64/hcnproxyctl.exe is missing: run npm run dist:cli first" >&2
  exit 1
fi
meta=release/agent-image-metadata.json
case "${1:-}" in
  oci)
    repo=hcnproxyctl-agent
    output="type=oci,dest=release/hcnproxyctl-agent.oci.tar,name=$repo"
    ;;
  registry)
    repo=${2:?usage: build-image.sh registry REPO}
    output="type=registry,name=$repo"
    ;;
  *)
    echo "usage: build-image.sh oci | registry REPO" >&2
    exit 2
    ;;
esac
# No provenance attestation: one image manifest, whose digest is the one the DaemonSet names.
docker buildx build --platform windows/amd64 --provenance=false -f deploy/kubernetes/Dockerfile \
  --metadata-file "$meta" --output "$output" .
digest=$(node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))["containerimage.digest"])' "$meta")
npx tsx scripts/gen-k8s-manifests.ts --image "$repo@$digest" --out release/kubernetes
