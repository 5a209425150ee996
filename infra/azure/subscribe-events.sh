#!/usr/bin/env bash
# Creates (or updates) the Event Grid subscription that delivers BlobCreated events for the articles
# container to IngestArticle's blob-extension webhook. Run after the code is deployed: the webhook URL
# carries the blobs_extension system key, which the Functions host creates when it first starts with the
# blob extension loaded. infra/events.bicep reads the key with listKeys during the deployment, so it is
# never printed or stored by this script.
#
# Usage: infra/azure/subscribe-events.sh
#   Reads AZURE_RESOURCE_GROUP, AZURE_FUNCTION_APP_NAME and AZURE_EVENTGRID_TOPIC_NAME from the
#   environment (azd sets them from infra/main.bicep's outputs; deploy.sh exports them).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
template="$here/../events.bicep"

die() {
  echo "subscribe-events: error: $*" >&2
  exit 1
}

for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_EVENTGRID_TOPIC_NAME; do
  [[ -n "${!name:-}" ]] || die "$name is not set (run through azd, or deploy.sh)"
done
command -v az >/dev/null 2>&1 || die "the Azure CLI (az) is not installed"

# The host creates its system keys when it starts; asking for the keys wakes it. Only a yes/no is
# printed here, never the key.
echo "subscribe-events: waiting for the blobs_extension key of $AZURE_FUNCTION_APP_NAME ..."
for attempt in $(seq 1 30); do
  has_key="$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
    --query 'systemKeys.blobs_extension != null' -o tsv 2>/dev/null || echo false)"
  [[ "$has_key" == "true" ]] && break
  ((attempt < 30)) || die "no blobs_extension key after 5 minutes: is the code deployed, and does the app start? (see its log stream)"
  sleep 10
done

echo "subscribe-events: deploying the Event Grid subscription (infra/events.bicep) ..."
az deployment group create --resource-group "$AZURE_RESOURCE_GROUP" --name pipeline-blob-events \
  --template-file "$template" \
  --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" topicName="$AZURE_EVENTGRID_TOPIC_NAME" -o none
echo "subscribe-events: BlobCreated events for the articles container now reach IngestArticle."
