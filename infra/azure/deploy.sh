#!/usr/bin/env bash
# Deploys the Pipeline host and everything it needs into one resource group.
#
# Usage: infra/azure/deploy.sh <env> <resource-group> [--image IMAGE | --build] [--yes]
#   <env>           a parameter file in infra/azure/params/ (dev, prod)
#   --image IMAGE   run this image (e.g. myregistry.azurecr.io/pipeline-host:abc123)
#   --build         build src/Pipeline.Host/Dockerfile from the current commit in the environment's registry
#                   (az acr build: no local Docker needed) and run that image
#   --yes           do not ask before deploying (needed without a terminal, e.g. in CI)
# Without --image or --build the image that runs now is kept (a public placeholder on the first run).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
template="$here/main.bicep"
placeholder_image='mcr.microsoft.com/k8se/quickstart:latest'
min_az_version='2.53.0'   # .bicepparam files
min_bicep_version='0.30.0'  # typed array parameters, non-null assertions, lambdas

usage() {
  sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

die() {
  echo "deploy: error: $*" >&2
  exit 1
}

say() {
  echo "deploy: $*"
}

# True when version $1 >= version $2.
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" == "$2" ]]
}

env_name=''
resource_group=''
image=''
build=false
assume_yes=false
positional=()
while (($# > 0)); do
  case "$1" in
    --image)
      (($# >= 2)) || die "--image needs a value"
      image="$2"
      shift 2
      ;;
    --image=*)
      image="${1#*=}"
      shift
      ;;
    --build)
      build=true
      shift
      ;;
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
resource_group="${positional[1]}"
if [[ -n "$image" ]] && $build; then
  die "--image and --build exclude each other"
fi

params_file="$here/params/$env_name.bicepparam"
if [[ ! -f "$params_file" ]]; then
  known=("$here"/params/*.bicepparam)
  known=("${known[@]##*/}")
  die "no parameter file for environment '$env_name' (expected $params_file; have: ${known[*]%.bicepparam})"
fi
deployment_name="pipeline-$env_name"

# --- prerequisites -------------------------------------------------------------------------------------
command -v az >/dev/null 2>&1 ||
  die "the Azure CLI (az) is not installed: see https://learn.microsoft.com/cli/azure/install-azure-cli"
az_version="$(az version --query '"azure-cli"' -o tsv 2>/dev/null || echo 0)"
version_ge "$az_version" "$min_az_version" ||
  die "Azure CLI $az_version is too old (need $min_az_version or later): run 'az upgrade'"
subscription="$(az account show --query "join('', [name, ' (', id, '), signed in as ', user.name])" -o tsv 2>/dev/null)" ||
  die "not logged in to Azure: run 'az login' (then 'az account set --subscription <id>' if needed)"
if ! bicep_line="$(az bicep version 2>/dev/null)"; then
  say "the Bicep CLI for az is missing: installing it ('az bicep install') ..."
  az bicep install
  bicep_line="$(az bicep version)"
fi
bicep_version="$(grep -oE '[0-9]+\.[0-9]+\.[0-9]+' <<<"$bicep_line" | head -n 1)"
if ! version_ge "${bicep_version:-0}" "$min_bicep_version"; then
  say "Bicep $bicep_version is older than $min_bicep_version: upgrading ('az bicep upgrade') ..."
  az bicep upgrade
fi
if $build; then
  command -v git >/dev/null 2>&1 || die "--build needs git (the image is built from the current commit)"
fi

location="$(sed -nE "s/^param location = '([^']+)'.*/\1/p" "$params_file")"
[[ -n "$location" ]] || die "no \"param location = '<region>'\" line in $params_file"

say "subscription: $subscription"
say "environment:  $env_name ($params_file)"
say "group:        $resource_group ($location)"

# --- resource group ------------------------------------------------------------------------------------
if [[ "$(az group exists --name "$resource_group")" == "true" ]]; then
  say "resource group $resource_group exists"
else
  say "creating resource group $resource_group in $location ..."
  az group create --name "$resource_group" --location "$location" \
    --tags application=pipeline environment="$env_name" -o none
fi

# --- helpers -------------------------------------------------------------------------------------------
deploy_args=(--resource-group "$resource_group" --name "$deployment_name"
  --template-file "$template" --parameters "$params_file")

# The environment's resources carry an `environment` tag, so they are found even after a failed deployment.
find_resource() {
  az resource list --resource-group "$resource_group" --resource-type "$1" \
    --query "[?tags.environment=='$env_name'] | [0].name" -o tsv 2>/dev/null || true
}

current_image() {
  local app
  app="$(find_resource Microsoft.App/containerApps)"
  [[ -n "$app" ]] || return 0
  az resource show --resource-group "$resource_group" --name "$app" \
    --resource-type Microsoft.App/containerApps \
    --query 'properties.template.containers[0].image' -o tsv 2>/dev/null || true
}

what_if_and_confirm() {
  say "what-if (changes this deployment would make) ..."
  az deployment group what-if "${deploy_args[@]}" --exclude-change-types NoChange Ignore
  if $assume_yes; then
    return 0
  fi
  [[ -t 0 ]] || die "no terminal to confirm on: review the what-if above and pass --yes"
  local answer
  read -r -p "Deploy these changes to $resource_group? [y/N] " answer
  if [[ ! "$answer" =~ ^([yY]|[yY][eE][sS])$ ]]; then
    say "cancelled: nothing was deployed"
    exit 1
  fi
}

run_deployment() {
  say "deploying $deployment_name (image: ${PIPELINE_IMAGE:-$placeholder_image}) ..."
  az deployment group create "${deploy_args[@]}" -o none
}

# Builds the host image in the registry from the committed tree (git archive), so the tag names exactly
# what is inside it and no local bin/, obj/ or node_modules/ is uploaded.
build_image() {
  local registry="$1" login_server sha context
  login_server="$(az acr show --name "$registry" --query loginServer -o tsv)"
  sha="$(git -C "$repo_root" rev-parse --short=12 HEAD)"
  if [[ -n "$(git -C "$repo_root" status --porcelain)" ]]; then
    echo "deploy: warning: uncommitted changes are NOT in the image (built from commit $sha)" >&2
  fi
  context="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the path is fixed
  trap "rm -rf '$context'" EXIT
  git -C "$repo_root" archive --format=tar HEAD | tar -x -C "$context"
  say "building pipeline-host:$sha in registry $registry (az acr build) ..."
  (cd "$context" && az acr build --registry "$registry" --image "pipeline-host:$sha" \
    --file src/Pipeline.Host/Dockerfile .)
  export PIPELINE_IMAGE="$login_server/pipeline-host:$sha"
}

# --- deploy --------------------------------------------------------------------------------------------
if [[ -n "$image" ]]; then
  export PIPELINE_IMAGE="$image"
  what_if_and_confirm
  run_deployment
elif $build; then
  registry="$(find_resource Microsoft.ContainerRegistry/registries)"
  if [[ -n "$registry" ]]; then
    build_image "$registry"
    what_if_and_confirm
    run_deployment
  else
    # First run: the registry does not exist yet. Deploy with the current (placeholder) image, build into
    # the new registry, then deploy again; the second deployment only changes the image.
    what_if_and_confirm
    run_deployment
    registry="$(find_resource Microsoft.ContainerRegistry/registries)"
    [[ -n "$registry" ]] || die "--build needs a registry: set createRegistry = true for '$env_name', or pass --image"
    build_image "$registry"
    run_deployment
  fi
else
  kept="$(current_image)"
  if [[ -n "$kept" ]]; then
    say "keeping the running image $kept (pass --image or --build to change it)"
    export PIPELINE_IMAGE="$kept"
  fi
  what_if_and_confirm
  run_deployment
fi

# --- outputs -------------------------------------------------------------------------------------------
say "done. Outputs:"
az deployment group show --resource-group "$resource_group" --name "$deployment_name" \
  --query 'properties.outputs.{storageAccount: storageAccountName.value, containerApp: containerAppName.value, environment: containerAppsEnvironmentName.value, registry: registryLoginServer.value, identityClientId: managedIdentityClientId.value, logs: logAnalyticsWorkspaceName.value, image: image.value}' \
  -o yamlc
