# frozen_string_literal: true

module Gitlab
  module Geo
    extend ::Gitlab::Utils::StrongMemoize

    OauthApplicationUndefinedError = Class.new(StandardError)
    GeoNodeNotFoundError = Class.new(StandardError)

    CACHE_KEYS = %i[
      primary_node_url
      primary_internal_url
      node_enabled
      proxy_extra_data
      verification_max_capacity
    ].freeze

    API_SCOPE = 'geo_api'
    GEO_PROXIED_HEADER = 'HTTP_GITLAB_WORKHORSE_GEO_PROXY'

    # One entry per replicable type, kept in alphabetical order. Everything else
    # that lists replicators (registry classes, GraphQL union, status fields) is
    # derived from this constant.
    # https://gitlab.com/gitlab-org/gitlab/-/issues/227693
    REPLICATOR_CLASSES = [
      ::Geo::AbuseReportUploadReplicator,
      ::Geo::CiSecureFileReplicator,
      ::Geo::ContainerRepositoryReplicator,
      ::Geo::DesignManagementRepositoryReplicator,
      ::Geo::GadgetRepositoryReplicator,
      ::Geo::GroupWikiRepositoryReplicator,
      ::Geo::JobArtifactReplicator,
      ::Geo::LfsObjectReplicator,
      ::Geo::PackageFileReplicator,
      ::Geo::PackagesHelmMetadataCacheReplicator,
      ::Geo::ProjectRepositoryReplicator,
      ::Geo::SnippetRepositoryReplicator,
      ::Geo::UploadReplicator,
      ::Geo::VulnerabilityRemediationUploadReplicator
    ].freeze

    PROXY_JWT_VALIDITY_PERIOD = 1.hour
    PROXY_JWT_CACHE_EXPIRY = 30.minutes

    def self.primary_node
      GeoNode.primary_node
    end

    def self.current_node
      strong_memoize(:current_node) { GeoNode.current_node }
    end

    def self.enabled?
      cache_value(:node_enabled) { GeoNode.exists? }
    end

    def self.primary?
      enabled? && current_node&.primary?
    end

    def self.secondary?(infer_without_database: false)
      return secondary_check_without_db_connection if infer_without_database

      enabled? && current_node&.secondary?
    end

    def self.secondary_or_org_migration_target?
      enabled? && current_node&.secondary_or_org_migration_target?
    end

    # The registry class of every replicator, in REPLICATOR_CLASSES order. The
    # consistency worker takes its list from here, so a new replicator only has
    # to be added to REPLICATOR_CLASSES.
    def self.registry_classes
      REPLICATOR_CLASSES.map(&:registry_class)
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

    def self.cache_value(raw_key, as: nil, l1_cache_expires_in: 1.minute, l2_cache_expires_in: 2.minutes)
      l1_cache.fetch(raw_key, as: as, expires_in: l1_cache_expires_in) do
        l2_cache.fetch(raw_key, as: as, expires_in: l2_cache_expires_in) { yield }
      end
    end
  end
end
