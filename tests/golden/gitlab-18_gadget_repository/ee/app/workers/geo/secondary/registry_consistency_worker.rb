# frozen_string_literal: true

module Geo
  module Secondary
    # Walks the replicable records in batches and creates the registry rows
    # that are missing, so that the sync workers only need to look at the
    # registry tables to find work.
    class RegistryConsistencyWorker
      include ApplicationWorker

      data_consistency :always

      prepend Reenqueuer
      include ::Gitlab::Geo::LogHelpers

      # There is no relevant user/project/namespace/caller context for this worker
      include CronjobQueue # rubocop:disable Scalability/CronWorkerContext

      feature_category :geo_replication

      REGISTRY_CLASSES = [
        Geo::ContainerRepositoryRegistry,
        Geo::DesignManagementRepositoryRegistry,
        Geo::JobArtifactRegistry,
        Geo::LfsObjectRegistry,
        Geo::MergeRequestDiffRegistry,
        Geo::PackageFileRegistry,
        Geo::PipelineArtifactRegistry,
        Geo::TerraformStateVersionRegistry,
        Geo::UploadRegistry,
        Geo::SnippetRepositoryRegistry,
        Geo::GroupWikiRepositoryRegistry,
        Geo::PagesDeploymentRegistry,
        Geo::CiSecureFileRegistry,
        Geo::DependencyProxyBlobRegistry,
        Geo::DependencyProxyManifestRegistry,
        Geo::ProjectWikiRepositoryRegistry,
        Geo::ProjectRepositoryRegistry,
        Geo::PackagesNugetSymbolRegistry,
        Geo::SupplyChainAttestationRegistry,
        Geo::PackagesHelmMetadataCacheRegistry,
        Geo::GadgetRepositoryRegistry
      ].freeze

      BATCH_SIZE = 10000

      idempotent!

      # @return [Boolean] true if at least 1 registry was created, else false
      def perform
        return false unless registry_classes.any?
        return false unless Gitlab::Geo.secondary?

        backfill
      rescue StandardError => e
        log_error("Error while backfilling all", e)

        raise
      end

      def lease_timeout
        [registry_classes.size, 1].max * 1.minute
      end

      private

      def backfill
        log_info("Backfill registries", registry_classes: registry_classes.map(&:to_s), batch_size: BATCH_SIZE)

        registry_classes.map { |registry_class| registry_service(registry_class).execute }.any?
      end

      def registry_service(registry_class)
        Geo::RegistryConsistencyService.new(registry_class, batch_size: BATCH_SIZE)
      end

      def registry_classes
        @registry_classes ||= REGISTRY_CLASSES.select do |registry_class|
          !registry_class.respond_to?(:registry_consistency_worker_enabled?) ||
            registry_class.registry_consistency_worker_enabled?
        end
      end
    end
  end
end
