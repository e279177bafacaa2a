# frozen_string_literal: true

RSpec.shared_context 'with geo registries shared context' do
  using RSpec::Parameterized::TableSyntax

  where(:registry_class, :registry_type, :registry_factory) do
    # rubocop:disable Layout/LineLength
    Geo::AbuseReportUploadRegistry                             | Types::Geo::AbuseReportUploadRegistryType                             | :geo_abuse_report_upload_registry
    Geo::CiSecureFileRegistry                                  | Types::Geo::CiSecureFileRegistryType                                  | :geo_ci_secure_file_registry
    Geo::ContainerRepositoryRegistry                           | Types::Geo::ContainerRepositoryRegistryType                           | :geo_container_repository_registry
    Geo::DesignManagementRepositoryRegistry                    | Types::Geo::DesignManagementRepositoryRegistryType                    | :geo_design_management_repository_registry
    Geo::GroupWikiRepositoryRegistry                           | Types::Geo::GroupWikiRepositoryRegistryType                           | :geo_group_wiki_repository_registry
    Geo::JobArtifactRegistry                                   | Types::Geo::JobArtifactRegistryType                                   | :geo_job_artifact_registry
    Geo::LfsObjectRegistry                                     | Types::Geo::LfsObjectRegistryType                                     | :geo_lfs_object_registry
    Geo::PackageFileRegistry                                   | Types::Geo::PackageFileRegistryType                                   | :geo_package_file_registry
    Geo::PackagesHelmMetadataCacheRegistry                     | Types::Geo::PackagesHelmMetadataCacheRegistryType                     | :geo_packages_helm_metadata_cache_registry
    Geo::ProjectRepositoryRegistry | Types::Geo::ProjectRepositoryRegistryType | :geo_project_repository_registry
    Geo::SnippetRepositoryRegistry                             | Types::Geo::SnippetRepositoryRegistryType                             | :geo_snippet_repository_registry
    Geo::UploadRegistry                                        | Types::Geo::UploadRegistryType                                        | :geo_upload_registry
    Geo::VulnerabilityRemediationUploadRegistry                | Types::Geo::VulnerabilityRemediationUploadRegistryType                | :geo_vulnerability_remediation_upload_registry
    Geo::WidgetRegistry                                        | Types::Geo::WidgetRegistryType                                        | :geo_widget_registry
    # rubocop:enable Layout/LineLength
  end
end
