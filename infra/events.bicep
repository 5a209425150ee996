// The Event Grid subscription that delivers BlobCreated events for the articles container to the blob
// extension's webhook on the Function App (the Event Grid blob trigger of IngestArticle). Deployed after
// the code (by the azd postdeploy hook or infra/azure/deploy.sh): the webhook URL carries the
// blobs_extension system key, which exists only once the Functions host has started with the blob
// extension loaded. The key is read here with listKeys at deployment time, so no script ever prints it.
targetScope = 'resourceGroup'

param functionAppName string
param topicName string

@description('The [Function] name of the Event Grid blob trigger.')
param functionName string = 'IngestArticle'

var names = loadJsonContent('local/resources.json')

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// The host's keys have no Bicep resource type to reference, so they are listed by resource id.
var blobsExtensionKey = listKeys('${app.id}/host/default', '2024-04-01').systemKeys.blobs_extension

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: topicName
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: toLower(functionName)
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${names.containers.articles}/blobs/'
      // Only the calls that finish a blob: a block upload in progress, a metadata change or a
      // snapshot is no new article.
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.api'
          values: [
            'PutBlob'
            'PutBlockList'
            'CopyBlob'
            'FlushWithClose'
          ]
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output subscriptionName string = subscription.name
