# frozen_string_literal: true

require 'spec_helper'

RSpec.describe GitlabSchema.types['GeoRegistryClass'], feature_category: :geo_replication do
  let(:registry_classes) do
    %w[
      ABUSE_REPORT_UPLOAD_REGISTRY
      CI_SECURE_FILE_REGISTRY
      CONTAINER_REPOSITORY_REGISTRY
      DESIGN_MANAGEMENT_REPOSITORY_REGISTRY
      GROUP_WIKI_REPOSITORY_REGISTRY
      JOB_ARTIFACT_REGISTRY
      LFS_OBJECT_REGISTRY
      PACKAGE_FILE_REGISTRY
      PACKAGES_HELM_METADATA_CACHE_REGISTRY
      PROJECT_REPOSITORY_REGISTRY
      SNIPPET_REPOSITORY_REGISTRY
      UPLOAD_REGISTRY
      VULNERABILITY_REMEDIATION_UPLOAD_REGISTRY
      WIDGET_REGISTRY
    ]
  end

  it { expect(described_class.graphql_name).to eq('GeoRegistryClass') }

  it 'exposes the correct registry actions' do
    expect(described_class.values.keys).to match_array(registry_classes)
  end
end
