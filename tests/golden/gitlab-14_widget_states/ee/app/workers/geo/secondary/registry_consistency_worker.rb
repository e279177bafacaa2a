# frozen_string_literal: true

module Geo
  module Secondary
    # Walks the replicable tables and creates the registry rows that are
    # missing, so that the sync workers only ever read the registries.
    class RegistryConsistencyWorker
      include ApplicationWorker

      sidekiq_options retry: 3
      prepend Reenqueuer
      include ::Gitlab::Geo::LogHelpers

      # A cron worker: no user, project or namespace to attach to the context
      include CronjobQueue # rubocop:disable Scalability/CronWorkerContext

      feature_category :geo_replication
      tags :exclude_from_gitlab_com

      REGISTRY_CLASSES = [
        Geo::ContainerRepositoryRegistry,
        Geo::DesignRegistry,
        Geo::JobArtifactRegistry,
        Geo::LfsObjectRegistry,
        Geo::MergeRequestDiffRegistry,
        Geo::PackageFileRegistry,
        Geo::ProjectRegistry,
        Geo::UploadRegistry,
        Geo::SnippetRepositoryRegistry,
        Geo::GroupWikiRepositoryRegistry,
        Geo::WidgetRegistry
      ].freeze

      BATCH_SIZE = 10000

      idempotent!

      # @return [Boolean] true if at least one registry row was created
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
