// Prod: one replica always runs, so the blob trigger sees dropped files within its polling delay;
// zone-redundant storage, larger replicas, no log cap.
using '../main.bicep'

param environmentName = 'prod'
param namePrefix = 'pipeline'
// deploy.sh reads this line to create the resource group: keep it a plain literal.
param location = 'westeurope'
// deploy.sh sets PIPELINE_IMAGE (--image or --build); until then a public placeholder runs.
param image = readEnvironmentVariable('PIPELINE_IMAGE', 'mcr.microsoft.com/k8se/quickstart:latest')
param minReplicas = 1
param maxReplicas = 20
param queueLengthTarget = 32
param cpu = '1'
param memory = '2Gi'
param storageSku = 'Standard_ZRS'
param blobSoftDeleteDays = 30
param logRetentionDays = 90
param logDailyCapGb = -1
param tags = {
  costCenter: 'pipeline-prod'
}
