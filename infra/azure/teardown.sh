#!/usr/bin/env bash
# Removes everything a deployment created: the resource group (storage with all articles and tables,
# the Function App and its plan, the Event Grid topic and subscription, the identity and its role
# assignments, Application Insights and Log Analytics) and deploy.sh's subscription-scope deployment record.
# There is no undo beyond blob soft delete, which goes with the account. (`azd down --purge` does the same.)
#
# Usage: infra/azure/teardown.sh <env> [--yes]
#   <env>   the environment name given to deploy.sh or azd (resource group rg-<env>)
#   --yes   do not ask (needed without a terminal); otherwise you type the group's name to confirm
set -euo pipefail

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

die() {
  echo "teardown: error: $*" >&2
  exit 1
}

env_name=''
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
      [[ -z "$env_name" ]] || die "one environment at a time"
      env_name="$1"
      shift
      ;;
  esac
done
if [[ -z "$env_name" ]]; then
  usage >&2
  exit 1
fi
resource_group="rg-$env_name"

command -v az >/dev/null 2>&1 ||
  die "the Azure CLI (az) is not installed: see https://learn.microsoft.com/cli/azure/install-azure-cli"
subscription="$(az account show --query "join('', [name, ' (', id, ')'])" -o tsv 2>/dev/null)" ||
  die "not logged in to Azure: run 'az login'"

if [[ "$(az group exists --name "$resource_group")" == "true" ]]; then
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
else
  echo "teardown: resource group $resource_group does not exist in $subscription"
fi

# The subscription-scope deployment record deploy.sh wrote (history and outputs, no resources; azd's own
# records go with `azd down`).
if az deployment sub show --name "pipeline-$env_name" -o none 2>/dev/null; then
  az deployment sub delete --name "pipeline-$env_name"
  echo "teardown: deleted the deployment record pipeline-$env_name."
fi
echo "teardown: the Log Analytics workspace stays soft-deleted for 14 days; deploying the same"
echo "          environment again recovers it. Role assignments went with the resources they were scoped to."
