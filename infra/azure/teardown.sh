#!/usr/bin/env bash
# Deletes a Pipeline resource group and everything in it (storage with all articles and tables, logs,
# registry, identity, container app). There is no undo beyond blob soft delete, which goes with the account.
#
# Usage: infra/azure/teardown.sh <resource-group> [--yes]
#   --yes   do not ask (needed without a terminal); otherwise you type the group's name to confirm
set -euo pipefail

usage() {
  sed -n '2,7s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

die() {
  echo "teardown: error: $*" >&2
  exit 1
}

resource_group=''
assume_yes=false
while (($# > 0)); do
  case "$1" in
    --yes | -y)
      assume_yes=true
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*)
      usage >&2
      die "unknown option '$1'"
      ;;
    *)
      [[ -z "$resource_group" ]] || die "one resource group at a time"
      resource_group="$1"
      shift
      ;;
  esac
done
if [[ -z "$resource_group" ]]; then
  usage >&2
  exit 1
fi

command -v az >/dev/null 2>&1 ||
  die "the Azure CLI (az) is not installed: see https://learn.microsoft.com/cli/azure/install-azure-cli"
subscription="$(az account show --query "join('', [name, ' (', id, ')'])" -o tsv 2>/dev/null)" ||
  die "not logged in to Azure: run 'az login'"

if [[ "$(az group exists --name "$resource_group")" != "true" ]]; then
  echo "teardown: resource group $resource_group does not exist in $subscription: nothing to do"
  exit 0
fi

echo "teardown: subscription $subscription"
echo "teardown: resources in $resource_group:"
az resource list --resource-group "$resource_group" --query '[].{name: name, type: type}' -o table

if ! $assume_yes; then
  [[ -t 0 ]] || die "no terminal to confirm on: pass --yes"
  read -r -p "Type the resource group's name to delete it and everything above: " answer
  if [[ "$answer" != "$resource_group" ]]; then
    echo "teardown: cancelled: nothing was deleted"
    exit 1
  fi
fi

echo "teardown: deleting $resource_group (takes a few minutes) ..."
az group delete --name "$resource_group" --yes
echo "teardown: deleted $resource_group."
echo "teardown: the Log Analytics workspace stays soft-deleted for 14 days; deploying again into a group of"
echo "          the same name recovers it. Role assignments went with the resources they were scoped to."
