# frozen_string_literal: true

require 'spec_helper'

RSpec.describe GitlabSchema.types['GeoNode'], feature_category: :geo_replication do
  it { expect(described_class).to require_graphql_authorizations(:read_geo_node) }

  it 'has the expected fields' do
    expected_fields = %i[
      abuse_report_upload_registries
      ci_secure_file_registries
      container_repositories_max_capacity
      container_repository_registries
      design_management_repository_registries
      enabled
      files_max_capacity
      group_wiki_repository_registries
      id
      internal_url
      job_artifact_registries
      lfs_object_registries
      minimum_reverification_interval
      name
      package_file_registries
      packages_helm_metadata_cache_registries
      primary
      project_repository_registries
      repos_max_capacity
      selective_sync_namespaces
      selective_sync_shards
      selective_sync_type
      snippet_repository_registries
      sync_object_storage
      upload_registries
      url
      verification_max_capacity
      vulnerability_remediation_upload_registries
      widget_registries
    ]

    expect(described_class).to have_graphql_fields(*expected_fields)
  end
end
