// The Pipeline host in Azure: one storage account (the names come from the one manifest,
// infra/local/resources.json), monitoring, a user-assigned identity with data-plane roles, an optional
// registry, and the WebJobs host as a Container App that scales on queue length and to zero when idle.
targetScope = 'resourceGroup'

@description('Short environment name, part of every resource name (dev, prod, ...).')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Prefix of every resource name. Letters, digits and hyphens; hyphens are dropped where Azure allows none.')
@minLength(2)
@maxLength(12)
param namePrefix string = 'pipeline'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Container image of the host. The default is a public placeholder so a first deployment works before any image is pushed.')
param image string = 'mcr.microsoft.com/k8se/quickstart:latest'

@description('Replicas kept running when every queue is empty. 0 scales to zero: a blob dropped into the articles container is then only seen once a replica runs (see docs/deploy.md).')
@minValue(0)
@maxValue(30)
param minReplicas int = 0

@description('Upper bound of the queue-driven scale-out.')
@minValue(1)
@maxValue(300)
param maxReplicas int = 10

@description('Messages per replica that each queue scale rule aims for (KEDA azure-queue queueLength).')
@minValue(1)
@maxValue(1000)
param queueLengthTarget int = 16

@description('How the KEDA queue rules read queue lengths: the managed identity (keyless) or the storage connection string secret.')
@allowed([
  'identity'
  'connectionString'
])
param scaleRuleAuthentication string = 'identity'

@description('vCPU per replica, as a string because Bicep has no decimals. Must pair with memory (0.25/0.5Gi, 0.5/1Gi, 1/2Gi, 2/4Gi ...).')
param cpu string = '0.5'

@description('Memory per replica, e.g. 1Gi.')
param memory string = '1Gi'

@description('Upper bound of the WebJobs queue polling back-off (TimeSpan). Lower means faster pickup and more storage transactions per running replica.')
param queueMaxPollingInterval string = '00:00:05'

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

@description('Create an Azure Container Registry the host pulls from with its identity (AcrPull).')
param createRegistry bool = true

@description('Log Analytics retention in days (the first 31 days are included in the ingestion price).')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Daily Log Analytics ingestion cap in GB; -1 for none. A cap keeps a chatty dev environment cheap.')
param logDailyCapGb int = -1

@description('Tags on every resource.')
param tags object = {}

// The one manifest of names: the code, `pipeline up` and this template read it; a test checks they agree.
var manifest = loadJsonContent('../local/resources.json')
var containerNames = map(items(manifest.containers), c => string(c.value))
var queueNames = map(items(manifest.queues), q => string(q.value))
var tableNames = map(items(manifest.tables), t => string(t.value))

var baseName = '${namePrefix}-${environmentName}'
// Storage and registry names are global, alphanumeric only: a hash of the resource group keeps them unique.
var compactName = toLower(replace('${namePrefix}${environmentName}', '-', ''))
var storageAccountName = take('${compactName}${uniqueString(resourceGroup().id)}', 24)
var registryName = take('${compactName}${uniqueString(resourceGroup().id)}', 50)
var allTags = union(tags, {
  application: 'pipeline'
  environment: environmentName
})

module monitoring 'modules/monitoring.bicep' = {
  name: '${deployment().name}-monitoring'
  params: {
    location: location
    workspaceName: '${baseName}-logs'
    appInsightsName: '${baseName}-appi'
    retentionInDays: logRetentionDays
    dailyCapGb: logDailyCapGb
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: '${deployment().name}-storage'
  params: {
    location: location
    accountName: storageAccountName
    sku: storageSku
    containerNames: containerNames
    queueNames: queueNames
    tableNames: tableNames
    softDeleteDays: blobSoftDeleteDays
    tags: allTags
  }
}

module registry 'modules/registry.bicep' = if (createRegistry) {
  name: '${deployment().name}-registry'
  params: {
    location: location
    registryName: registryName
    tags: allTags
  }
}

module identity 'modules/identity.bicep' = {
  name: '${deployment().name}-identity'
  params: {
    location: location
    identityName: '${baseName}-host-id'
    tags: allTags
  }
}

module access 'modules/access.bicep' = {
  name: '${deployment().name}-access'
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.accountName
    registryName: createRegistry ? registryName : ''
  }
  dependsOn: [
    registry
  ]
}

module appsEnvironment 'modules/containerAppsEnvironment.bicep' = {
  name: '${deployment().name}-containerAppsEnvironment'
  params: {
    location: location
    environmentName: '${baseName}-cae'
    workspaceName: monitoring.outputs.workspaceName
    tags: allTags
  }
}

module hostApp 'modules/hostApp.bicep' = {
  name: '${deployment().name}-hostApp'
  params: {
    location: location
    appName: '${baseName}-host'
    environmentId: appsEnvironment.outputs.environmentId
    image: image
    identityId: identity.outputs.identityId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.accountName
    appInsightsName: monitoring.outputs.appInsightsName
    registryServer: createRegistry ? registry!.outputs.loginServer : ''
    queueNames: queueNames
    queueLengthTarget: queueLengthTarget
    scaleRuleAuthentication: scaleRuleAuthentication
    minReplicas: minReplicas
    maxReplicas: maxReplicas
    cpu: cpu
    memory: memory
    queueMaxPollingInterval: queueMaxPollingInterval
    tags: allTags
  }
  // The identity must hold its data and AcrPull roles before the first revision pulls and polls.
  dependsOn: [
    access
  ]
}

output resourceGroupName string = resourceGroup().name
output storageAccountName string = storage.outputs.accountName
output containerAppName string = hostApp.outputs.appName
output containerAppsEnvironmentName string = appsEnvironment.outputs.environmentName
output managedIdentityClientId string = identity.outputs.clientId
output registryName string = createRegistry ? registryName : ''
output registryLoginServer string = createRegistry ? registry!.outputs.loginServer : ''
output logAnalyticsWorkspaceName string = monitoring.outputs.workspaceName
output appInsightsName string = monitoring.outputs.appInsightsName
output image string = image
