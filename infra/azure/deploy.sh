#!/usr/bin/env bash
# Deploys the Pipeline to Azure without azd: infra/main.bicep at subscription scope (what-if first, then
# confirm), then the isolated-worker Functions app (dotnet publish + zip deploy to the Flex Consumption app),
# then the Event Grid subscription (subscribe-events.sh). `azd up` does the same from azure.yaml.
#
# Usage: infra/azure/deploy.sh <env> <location> [--yes]
#   <env>        environment name (2-12 characters): resources go to the group rg-<env>
#   <location>   Azure region that offers the Flex Consumption plan (e.g. swedencentral, eastus)
#   --yes        do not ask before deploying (needed without a terminal)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
template="$repo_root/infra/main.bicep"
app_project="$repo_root/src/Pipeline.FunctionApp/Pipeline.FunctionApp.csproj"

usage() {
  sed -n '2,10s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

die() {
  echo "deploy: error: $*" >&2
  exit 1
}

say() {
  echo "deploy: $*"
}

assume_yes=false
positional=()
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
      positional+=("$1")
      shift
      ;;
  esac
done
if ((${#positional[@]} != 2)); then
  usage >&2
  exit 1
fi
env_name="${positional[0]}"
location="${positional[1]}"
deployment_name="pipeline-$env_name"

# --- prerequisites -------------------------------------------------------------------------------------
command -v az >/dev/null 2>&1 ||
  die "the Azure CLI (az) is not installed: see https://learn.microsoft.com/cli/azure/install-azure-cli"
command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is needed to publish the Functions app (see global.json)"
command -v zip >/dev/null 2>&1 || die "zip is needed to package the Functions app"
subscription="$(az account show --query "join('', [name, ' (', id, '), signed in as ', user.name])" -o tsv 2>/dev/null)" ||
  die "not logged in to Azure: run 'az login' (then 'az account set --subscription <id>' if needed)"
az bicep version >/dev/null 2>&1 || az bicep install

say "subscription: $subscription"
say "environment:  $env_name in $location (resource group rg-$env_name)"

deploy_args=(--name "$deployment_name" --location "$location" --template-file "$template"
  --parameters environmentName="$env_name" location="$location")

# --- infrastructure: what-if, confirm, deploy ----------------------------------------------------------
say "what-if (changes this deployment would make) ..."
az deployment sub what-if "${deploy_args[@]}" --exclude-change-types NoChange Ignore
if ! $assume_yes; then
  [[ -t 0 ]] || die "no terminal to confirm on: review the what-if above and pass --yes"
  read -r -p "Deploy these changes? [y/N] " answer
  if [[ ! "$answer" =~ ^([yY]|[yY][eE][sS])$ ]]; then
    say "cancelled: nothing was deployed"
    exit 1
  fi
fi
say "deploying $deployment_name ..."
az deployment sub create "${deploy_args[@]}" -o none

output() {
  az deployment sub show --name "$deployment_name" --query "properties.outputs.$1.value" -o tsv
}
AZURE_RESOURCE_GROUP="$(output AZURE_RESOURCE_GROUP)"
AZURE_FUNCTION_APP_NAME="$(output AZURE_FUNCTION_APP_NAME)"
AZURE_EVENTGRID_TOPIC_NAME="$(output AZURE_EVENTGRID_TOPIC_NAME)"
export AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_EVENTGRID_TOPIC_NAME

# --- code: publish and zip-deploy the isolated worker ----------------------------------------------------
work="$(mktemp -d)"
# shellcheck disable=SC2064 # expand now: the path is fixed
trap "rm -rf '$work'" EXIT
say "publishing the Functions app ..."
dotnet publish "$app_project" -c Release -o "$work/app" -nologo -v q
[[ -f "$work/app/functions.metadata" && -d "$work/app/.azurefunctions" ]] ||
  die "the published app lacks functions.metadata or .azurefunctions/"
(cd "$work/app" && zip -qr "$work/app.zip" .)
say "deploying the package to $AZURE_FUNCTION_APP_NAME ..."
az functionapp deployment source config-zip --resource-group "$AZURE_RESOURCE_GROUP" \
  --name "$AZURE_FUNCTION_APP_NAME" --src "$work/app.zip" -o none

# --- events: the subscription needs the key the started host creates -------------------------------------
"$here/subscribe-events.sh"

say "done. Resource group $AZURE_RESOURCE_GROUP, function app $AZURE_FUNCTION_APP_NAME,"
say "storage account $(output AZURE_STORAGE_ACCOUNT_NAME), Application Insights $(output AZURE_APPINSIGHTS_NAME)."
say "Drop articles with: ./pipeline drop FILE --account $(output AZURE_STORAGE_ACCOUNT_NAME)"
