// The pipeline host (WebJobs SDK triggers in a console app) as a Container App without ingress: one
// KEDA azure-queue rule per pipeline queue scales it out, and to zero when every queue is empty.

param location string
param appName string
param environmentId string
param image string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity: Azure.Identity picks the user-assigned identity by it.')
param identityClientId string

param storageAccountName string
param appInsightsName string

@description('Registry login server to pull from with the identity; empty when the image is public.')
param registryServer string

param queueNames string[]
param queueLengthTarget int

@allowed([
  'identity'
  'connectionString'
])
param scaleRuleAuthentication string

param minReplicas int
param maxReplicas int
param cpu string
param memory string
param queueMaxPollingInterval string
param tags object

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// The key is read at deployment time and goes straight into a Container Apps secret: it is never in the
// repo, a parameter file or a deployment output. Needed because the WebJobs storage extension 4.0.2
// behind the triggers cannot use an identity.
var storageConnectionString = 'DefaultEndpointsProtocol=https;AccountName=${account.name};AccountKey=${account.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

var storageSecretName = 'storage-connection'

resource app 'Microsoft.App/containerApps@2025-01-01' = {
  name: appName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: 'Consumption'
    configuration: {
      // A worker: nothing listens, so no ingress and no HTTP scale rule.
      activeRevisionsMode: 'Single'
      secrets: [
        {
          name: storageSecretName
          value: storageConnectionString
        }
        {
          name: 'appinsights-connection'
          value: appInsights.properties.ConnectionString
        }
      ]
      registries: empty(registryServer)
        ? []
        : [
            {
              server: registryServer
              identity: identityId
            }
          ]
    }
    template: {
      containers: [
        {
          name: 'host'
          image: image
          resources: {
            cpu: json(cpu)
            memory: memory
          }
          env: [
            {
              // Trigger connection (blob + queue triggers, blob receipts, poison queues).
              name: 'AzureWebJobsStorage'
              secretRef: storageSecretName
            }
            {
              // Our own v12 clients (blobs, queues, tables) connect with the identity when this is set.
              name: 'Pipeline__StorageAccountName'
              value: account.name
            }
            {
              // DefaultAzureCredential / ManagedIdentityCredential read this to pick the user-assigned identity.
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
            {
              name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
              secretRef: 'appinsights-connection'
            }
            {
              name: 'DOTNET_ENVIRONMENT'
              value: 'Production'
            }
            {
              // The WebJobs queue listener backs off to 1 minute when idle by default; a replica that KEDA
              // just started for new messages should not sleep that long.
              name: 'AzureWebJobs__extensions__queues__maxPollingInterval'
              value: queueMaxPollingInterval
            }
          ]
        }
      ]
      // The WebJobs host drains in-flight messages on SIGTERM; unfinished ones reappear after their
      // visibility timeout, so a scale-in never loses work.
      terminationGracePeriodSeconds: 60
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        // The Container Apps defaults made explicit: queue lengths are read every 30 s, and the last
        // replica stops 5 min after every queue is empty.
        pollingInterval: 30
        cooldownPeriod: 300
        rules: [
          for queueName in queueNames: {
            name: 'queue-${queueName}'
            azureQueue: scaleRuleAuthentication == 'identity'
              ? {
                  accountName: account.name
                  queueName: queueName
                  queueLength: queueLengthTarget
                  identity: identityId
                }
              : {
                  accountName: account.name
                  queueName: queueName
                  queueLength: queueLengthTarget
                  auth: [
                    {
                      secretRef: storageSecretName
                      triggerParameter: 'connection'
                    }
                  ]
                }
          }
        ]
      }
    }
  }
}

output appName string = app.name
