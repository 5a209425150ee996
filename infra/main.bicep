// The Pipeline in Azure (azd layout: `azd up`, or infra/azure/deploy.sh): one resource group with the
// storage account (names from the one manifest, infra/local/resources.json), monitoring, a user-assigned
// identity with data-plane roles, the Event Grid system topic on the storage account, and the isolated-worker
// Function App on the Flex Consumption plan. The Event Grid subscription is added after the code is deployed
// (infra/events.bicep, run by the postdeploy hook): see docs/deploy.md.
targetScope = 'subscription'

@description('Name of the azd environment (dev, prod, ...): part of every resource name.')
@minLength(2)
@maxLength(12)
param environmentName string

@description('Azure region of every resource. It must offer the Flex Consumption plan.')
param location string

@description('Resource group to create; empty for rg-<environmentName>.')
param resourceGroupName string = ''

@description('Upper bound of the scale-out (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of each instance in MB (Flex Consumption: 512, 2048 or 4096).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteDays int = 7

@description('Log Analytics retention in days (the first 31 days are included in the ingestion price).')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Daily Log Analytics ingestion cap in GB; -1 for none. A cap keeps a chatty environment cheap.')
param logDailyCapGb int = 1

// The one manifest of resource names, shared with the code and `pipeline up`.
var names = loadJsonContent('local/resources.json')

// The app settings the trigger attributes of both hosts name (%CleanQueue% and so on). A test checks
// that each one is set here from the manifest.
var triggerSettings = {
  ArticlesContainer: names.containers.articles
  SubmitQueue: names.queues.submit
  CleanQueue: names.queues.clean
  SegmentQueue: names.queues.segment
  ClassifyQueue: names.queues.classify
}

var tags = {
  'azd-env-name': environmentName
  application: 'pipeline'
}
var token = toLower(uniqueString(subscription().id, environmentName, location))
var deploymentContainerName = 'app-package-${token}'

resource group 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module storage 'modules/storage.bicep' = {
  scope: group
  params: {
    location: location
    accountName: take('st${replace(environmentName, '-', '')}${token}', 24)
    sku: storageSku
    containerNames: map(items(names.containers), c => c.value)
    deploymentContainerName: deploymentContainerName
    queueNames: map(items(names.queues), q => q.value)
    tableNames: map(items(names.tables), t => t.value)
    softDeleteDays: blobSoftDeleteDays
    workContainerName: names.containers.work
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  scope: group
  params: {
    location: location
    workspaceName: 'log-${environmentName}-${token}'
    appInsightsName: 'appi-${environmentName}-${token}'
    retentionInDays: logRetentionDays
    dailyCapGb: logDailyCapGb
    tags: tags
  }
}

module identity 'modules/identity.bicep' = {
  scope: group
  params: {
    location: location
    identityName: 'id-${environmentName}-${token}'
    tags: tags
  }
}

module access 'modules/access.bicep' = {
  scope: group
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.accountName
    appInsightsName: monitoring.outputs.appInsightsName
  }
}

module blobEvents 'modules/blobEvents.bicep' = {
  scope: group
  params: {
    location: location
    topicName: 'evgt-${environmentName}-${token}'
    storageAccountName: storage.outputs.accountName
    tags: tags
  }
}

module functionApp 'modules/functionApp.bicep' = {
  scope: group
  params: {
    location: location
    planName: 'plan-${environmentName}-${token}'
    appName: 'func-${environmentName}-${token}'
    serviceName: 'pipeline'
    tags: tags
    identityId: identity.outputs.identityId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.accountName
    deploymentContainerUrl: '${storage.outputs.blobEndpoint}${deploymentContainerName}'
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    triggerSettings: triggerSettings
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
  // The host reads its package and storage with the identity at first start: grant the roles first.
  dependsOn: [
    access
  ]
}

// azd stores these in the environment (.azure/<env>/.env); the postdeploy hook and deploy.sh read them.
output AZURE_LOCATION string = location
output AZURE_RESOURCE_GROUP string = group.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.appName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.accountName
output AZURE_EVENTGRID_TOPIC_NAME string = blobEvents.outputs.topicName
output AZURE_APPINSIGHTS_NAME string = monitoring.outputs.appInsightsName
