# frozen_string_literal: true

module EE
  module Widget
    extend ActiveSupport::Concern

    prepended do
      include ::Gitlab::Geo::ReplicableModel
      with_replicator Geo::WidgetReplicator

      scope :with_files_stored_locally, -> { where(file_store: ::ObjectStorage::Store::LOCAL) }
      scope :for_audit, -> { where.not(audited_at: nil) }
      scope :project_id_in, ->(ids) { where(project_id: ids) }
    end

    class_methods do
      # @param [Integer, String, Range, Array] arg to pass to primary_key_in scope
      # @return [ActiveRecord::Relation<Widget>] the widgets this node should sync, restricted by primary key
      def replicables_for_geo_node(primary_key_in, node = ::Gitlab::Geo.current_node)
        primary_key_in(primary_key_in)
          .merge(selective_sync_scope(node))
          .merge(object_storage_scope(node))
      end

      private

      def object_storage_scope(node)
        return all if node.sync_object_storage?

        with_files_stored_locally
      end

      def selective_sync_scope(node)
        return all unless node.selective_sync?

        project_id_in(node.projects)
      end
    end

    def local?
      file_store == ::ObjectStorage::Store::LOCAL
    end

    def audited?
      audited_at.present?
    end
  end
end
