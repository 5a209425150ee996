// Dev: scales to zero when idle (a dropped blob waits for the next replica; the CLI's submit queue
// wakes one), small replicas, capped log ingestion.
using '../main.bicep'

param environmentName = 'dev'
param namePrefix = 'pipeline'
// deploy.sh reads this line to create the resource group: keep it a plain literal.
param location = 'westeurope'
// deploy.sh sets PIPELINE_IMAGE (--image or --build); until then a public placeholder runs.
param image = readEnvironmentVariable('PIPELINE_IMAGE', 'mcr.microsoft.com/k8se/quickstart:latest')
param minReplicas = 0
param maxReplicas = 5
param queueLengthTarget = 16
param cpu = '0.5'
param memory = '1Gi'
param storageSku = 'Standard_LRS'
param blobSoftDeleteDays = 7
param logRetentionDays = 30
param logDailyCapGb = 1
param tags = {
  costCenter: 'pipeline-dev'
}
