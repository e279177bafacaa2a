# frozen_string_literal: true

require 'spec_helper'

RSpec.describe 'Gets registries', feature_category: :geo_replication do
  it_behaves_like 'gets registries for', {
    field_name: 'abuseReportUploadRegistries',
    registry_class_name: 'AbuseReportUploadRegistry',
    registry_factory: :geo_abuse_report_upload_registry,
    registry_foreign_key_field_name: 'abuseReportUploadId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'ciSecureFileRegistries',
    registry_class_name: 'CiSecureFileRegistry',
    registry_factory: :geo_ci_secure_file_registry,
    registry_foreign_key_field_name: 'ciSecureFileId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'designManagementRepositoryRegistries',
    registry_class_name: 'DesignManagementRepositoryRegistry',
    registry_factory: :geo_design_management_repository_registry,
    registry_foreign_key_field_name: 'designManagementRepositoryId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'groupWikiRepositoryRegistries',
    registry_class_name: 'GroupWikiRepositoryRegistry',
    registry_factory: :geo_group_wiki_repository_registry,
    registry_foreign_key_field_name: 'groupWikiRepositoryId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'jobArtifactRegistries',
    registry_class_name: 'JobArtifactRegistry',
    registry_factory: :geo_job_artifact_registry,
    registry_foreign_key_field_name: 'artifactId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'packageFileRegistries',
    registry_class_name: 'PackageFileRegistry',
    registry_factory: :geo_package_file_registry,
    registry_foreign_key_field_name: 'packageFileId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'packagesHelmMetadataCacheRegistries',
    registry_class_name: 'PackagesHelmMetadataCacheRegistry',
    registry_factory: :geo_packages_helm_metadata_cache_registry,
    registry_foreign_key_field_name: 'packagesHelmMetadataCacheId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'projectRepositoryRegistries',
    registry_class_name: 'ProjectRepositoryRegistry',
    registry_factory: :geo_project_repository_registry,
    registry_foreign_key_field_name: 'projectId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'snippetRepositoryRegistries',
    registry_class_name: 'SnippetRepositoryRegistry',
    registry_factory: :geo_snippet_repository_registry,
    registry_foreign_key_field_name: 'snippetRepositoryId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'uploadRegistries',
    registry_class_name: 'UploadRegistry',
    registry_factory: :geo_upload_registry,
    registry_foreign_key_field_name: 'fileId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'vulnerabilityRemediationUploadRegistries',
    registry_class_name: 'VulnerabilityRemediationUploadRegistry',
    registry_factory: :geo_vulnerability_remediation_upload_registry,
    registry_foreign_key_field_name: 'vulnerabilityRemediationUploadId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'widgetRegistries',
    registry_class_name: 'WidgetRegistry',
    registry_factory: :geo_widget_registry,
    registry_foreign_key_field_name: 'widgetId'
  }
end
