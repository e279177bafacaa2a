# frozen_string_literal: true

module EE
  module Widget
    extend ActiveSupport::Concern

    prepended do
      include ::Gitlab::Geo::ReplicableModel
      include ::Gitlab::Geo::VerificationState

      with_replicator Geo::WidgetReplicator
    end

    class_methods do
      # @param primary_key_in [Range, Widget] arg to pass to primary_key_in scope
      # @return [ActiveRecord::Relation<Widget>] everything that should be synced to this node, restricted by primary key
      def replicables_for_current_secondary(primary_key_in)
        node = ::Gitlab::Geo.current_node

        primary_key_in(primary_key_in)
          .merge(selective_sync_scope(node))
          .merge(object_storage_scope(node))
      end

      private

      # @return [ActiveRecord::Relation<Widget>] observing object storage settings of the given node
      def object_storage_scope(node)
        return all if node.sync_object_storage?

        with_files_stored_locally
      end

      # @return [ActiveRecord::Relation<Widget>] observing selective sync settings of the given node
      def selective_sync_scope(node)
        return all unless node.selective_sync?

        where(project_id: node.projects.select(:id))
      end
    end
  end
end
