# frozen_string_literal: true

module EE
  module GadgetRepository
    extend ActiveSupport::Concern

    prepended do
      include ::Gitlab::Geo::ReplicableModel
      include ::Gitlab::Geo::VerificationState

      with_replicator Geo::GadgetRepositoryReplicator

      scope :for_project_ids, ->(ids) { joins(:gadget).where(gadgets: { project_id: ids }) }
    end

    class_methods do
      # @param primary_key_in [Range, GadgetRepository] arg to pass to primary_key_in scope
      # @return [ActiveRecord::Relation<GadgetRepository>] everything that should be synced to this node, restricted by primary key
      def replicables_for_current_secondary(primary_key_in)
        node = ::Gitlab::Geo.current_node

        replicables = if !node.selective_sync?
                        all
                      elsif node.selective_sync_by_namespaces?
                        for_project_ids(node.projects.select(:id))
                      elsif node.selective_sync_by_shards?
                        for_repository_storage(node.selective_sync_shards)
                      else
                        none
                      end

        replicables.primary_key_in(primary_key_in)
      end
    end

    def audit_details
      disk_path
    end

    # Geo checks this method in FrameworkRepositorySyncService to avoid
    # snapshotting repositories using object pools
    def pool_repository
      nil
    end
  end
end
