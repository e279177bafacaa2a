# frozen_string_literal: true

require 'spec_helper'

RSpec.describe 'Gets registries', feature_category: :geo_replication do
  it_behaves_like 'gets registries for', {
    field_name: 'mergeRequestDiffRegistries',
    registry_class_name: 'MergeRequestDiffRegistry',
    registry_factory: :geo_merge_request_diff_registry,
    registry_foreign_key_field_name: 'mergeRequestDiffId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'packageFileRegistries',
    registry_class_name: 'PackageFileRegistry',
    registry_factory: :geo_package_file_registry,
    registry_foreign_key_field_name: 'packageFileId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'uploadRegistries',
    registry_class_name: 'UploadRegistry',
    registry_factory: :geo_upload_registry,
    registry_foreign_key_field_name: 'fileId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'jobArtifactRegistries',
    registry_class_name: 'JobArtifactRegistry',
    registry_factory: :geo_job_artifact_registry,
    registry_foreign_key_field_name: 'artifactId'
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
    field_name: 'projectRepositoryRegistries',
    registry_class_name: 'ProjectRepositoryRegistry',
    registry_factory: :geo_project_repository_registry,
    registry_foreign_key_field_name: 'projectId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'packagesNugetSymbolRegistries',
    registry_class_name: 'PackagesNugetSymbolRegistry',
    registry_factory: :geo_packages_nuget_symbol_registry,
    registry_foreign_key_field_name: 'packagesNugetSymbolId'
  }

  it_behaves_like 'gets registries for', {
    field_name: 'gadgetRepositoryRegistries',
    registry_class_name: 'GadgetRepositoryRegistry',
    registry_factory: :geo_gadget_repository_registry,
    registry_foreign_key_field_name: 'gadgetRepositoryId'
  }
end
