# frozen_string_literal: true

module Gitlab
  module Geo
    extend ::Gitlab::Utils::StrongMemoize

    OauthApplicationUndefinedError = Class.new(StandardError)
    GeoNodeNotFoundError = Class.new(StandardError)
    InvalidDecryptionKeyError = Class.new(StandardError)
    InvalidSignatureTimeError = Class.new(StandardError)

    CACHE_KEYS = %i[
      primary_node_url
      primary_internal_url
      oauth_authentication_uid
      oauth_authentication_secret
      node_enabled
      proxy_extra_data
    ].freeze

    API_SCOPE = 'geo_api'
    GEO_PROXIED_HEADER = 'HTTP_GITLAB_WORKHORSE_GEO_PROXY'
    GEO_PROXIED_EXTRA_DATA_HEADER = 'HTTP_GITLAB_WORKHORSE_GEO_PROXY_EXTRA_DATA'

    # TODO: Avoid having to maintain a list. Discussions related to possible
    # solutions can be found at
    # https://gitlab.com/gitlab-org/gitlab/-/issues/227693
    REPLICATOR_CLASSES = [
      ::Geo::CiSecureFileReplicator,
      ::Geo::ContainerRepositoryReplicator,
      ::Geo::DependencyProxyBlobReplicator,
      ::Geo::DependencyProxyManifestReplicator,
      ::Geo::DesignManagementRepositoryReplicator,
      ::Geo::GroupWikiRepositoryReplicator,
      ::Geo::JobArtifactReplicator,
      ::Geo::LfsObjectReplicator,
      ::Geo::MergeRequestDiffReplicator,
      ::Geo::PackageFileReplicator,
      ::Geo::PagesDeploymentReplicator,
      ::Geo::PipelineArtifactReplicator,
      ::Geo::ProjectRepositoryReplicator,
      ::Geo::ProjectWikiRepositoryReplicator,
      ::Geo::SnippetRepositoryReplicator,
      ::Geo::TerraformStateVersionReplicator,
      ::Geo::UploadReplicator,
      ::Geo::PackagesNugetSymbolReplicator,
      ::Geo::SupplyChainAttestationReplicator,
      ::Geo::PackagesHelmMetadataCacheReplicator,
      ::Geo::GadgetRepositoryReplicator
    ].freeze

    # A fresh proxy JWT is signed every 30 minutes and lives for an hour, so a
    # valid one is always cached even if the internal API is briefly down.
    PROXY_JWT_VALIDITY_PERIOD = 1.hour
    PROXY_JWT_CACHE_EXPIRY = 30.minutes

    def self.primary_node
      GeoNode.primary_node
    end

    def self.current_node
      strong_memoize(:current_node) { GeoNode.current_node }
    end

    def self.enabled?
      self.cache_value(:node_enabled) { GeoNode.exists? }
    end

    def self.primary?
      self.enabled? && self.current_node&.primary?
    end

    def self.secondary?(infer_without_database: false)
      return self.secondary_check_without_db_connection if infer_without_database

      self.enabled? && self.current_node&.secondary?
    end

    def self.license_allows?
      ::License.feature_available?(:geo)
    end

    def self.replication_enabled_replicator_classes
      REPLICATOR_CLASSES.select(&:replication_enabled?)
    end

    def self.blob_replicator_classes
      replication_enabled_replicator_classes.select do |replicator|
        replicator.ancestors.include?(::Geo::BlobReplicatorStrategy)
      end
    end

    def self.repository_replicator_classes
      replication_enabled_replicator_classes.select do |replicator|
        replicator.ancestors.include?(::Geo::RepositoryReplicatorStrategy) ||
          replicator == ::Geo::ContainerRepositoryReplicator
      end
    end

    def self.verification_enabled_replicator_classes
      REPLICATOR_CLASSES.select(&:verification_enabled?)
    end

    # @return [Integer] how many verification jobs each replicator class may
    #   run at once, never less than one
    def self.verification_max_capacity_per_replicator_class
      num_verifiable_replicator_classes = verification_enabled_replicator_classes.size
      capacity =
        if num_verifiable_replicator_classes != 0
          current_node.verification_max_capacity / num_verifiable_replicator_classes
        else
          current_node.verification_max_capacity
        end

      [1, capacity].max
    end

    def self.postgresql_replication_agnostic_enabled?
      Feature.enabled?(:geo_postgresql_replication_agnostic, :instance, type: :wip)
    end
  end
end
