// The Event Grid system topic on the storage account: the source of the BlobCreated events that feed
// the Event Grid blob trigger. The subscription that delivers them to the Function App is created after
// the code is deployed (infra/events.bicep), because its URL needs the blobs_extension system key, which
// the Functions host creates only when it first starts with the blob extension loaded.

param location string
param topicName string
param storageAccountName string
param tags object

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: topicName
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

output topicName string = topic.name
