// The storage account the pipeline runs on: the containers, queues (each with its `-poison` queue)
// and tables of the manifest, plus the container holding the Function App's deployment package.
// Shared-key access is off: every client (the Functions host, the triggers, our own code, Event Grid's
// source) authenticates with Azure AD.

param location string

@minLength(3)
@maxLength(24)
param accountName string

param sku string
param containerNames string[]

@description('Blob container that holds the Function App deployment package (Flex Consumption).')
param deploymentContainerName string
param queueNames string[]
param tableNames string[]

@minValue(1)
@maxValue(365)
param softDeleteDays int

param tags object

@description('Container of the stage payloads too large for a queue message (claim-check blobs).')
param workContainerName string

@minValue(1)
@description('Days after which a claim-check payload is deleted even if no stage consumed it (the stages delete consumed ones at once).')
param payloadRetentionDays int = 14

// The WebJobs host moves a message to `<queue>-poison` after MaxDequeueCount failures. It would create
// the poison queue itself, but declaring it keeps every queue the pipeline uses visible in one place.
var allQueueNames = flatten(map(queueNames, q => [
  q
  '${q}-poison'
]))

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: accountName
  location: location
  tags: tags
  sku: {
    name: sku
  }
  kind: 'StorageV2'
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // No keys: the 5.x storage extensions and our own clients connect with the managed identity.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      services: {
        blob: {
          enabled: true
        }
        file: {
          enabled: true
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
        table: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    // Dropped articles are never deleted by the pipeline; soft delete guards against people and tools.
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for name in concat(containerNames, [deploymentContainerName]): {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

// Backstop for claim-check payloads: the next stage deletes each payload once it has handed its own output on, so
// only the payloads of messages that ended in a poison queue and were never replayed are left; they go after
// `payloadRetentionDays` (longer than anyone takes to replay). Stored article records (`records/`) are kept.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'expire-stage-payloads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: [
                '${workContainerName}/payloads/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: payloadRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    containers
  ]
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for name in allQueueNames: {
    parent: queueService
    name: name
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [
  for name in tableNames: {
    parent: tableService
    name: name
  }
]

output accountName string = account.name
output accountId string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
