// The Function App's user-assigned identity. User-assigned (not system-assigned) so it exists, and holds
// its roles, before the app's first start: the host reads its deployment package and its storage with it.

param location string
param identityName string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: tags
}

output identityId string = identity.id
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
