# frozen_string_literal: true

module EE
  module Widget
    extend ActiveSupport::Concern

    prepended do
      include ::Gitlab::Geo::ReplicableModel
      include ::Gitlab::Geo::VerificationState

      with_replicator Geo::WidgetReplicator

      has_one :widget_state, autosave: true, inverse_of: :widget, class_name: 'Geo::WidgetState'

      delegate :verification_retry_at, :verification_retry_at=,
               :verified_at, :verified_at=,
               :verification_checksum, :verification_checksum=,
               :verification_failure, :verification_failure=,
               :verification_retry_count, :verification_retry_count=,
               :verification_state=, :verification_state,
               :verification_started_at=, :verification_started_at,
        to: :widget_state

      scope :with_verification_state, ->(state) { joins(:widget_state).where(widget_states: { verification_state: verification_state_value(state) }) }
      scope :checksummed, -> { joins(:widget_state).where.not(widget_states: { verification_checksum: nil }) }
      scope :not_checksummed, -> { joins(:widget_state).where(widget_states: { verification_checksum: nil }) }
    end

    class_methods do
      extend ::Gitlab::Utils::Override

      # @param primary_key_in [Range, Widget] arg to pass to primary_key_in scope
      # @return [ActiveRecord::Relation<Widget>] everything that should be synced to this node, restricted by primary key
      def replicables_for_current_secondary(primary_key_in)
        node = ::Gitlab::Geo.current_node

        primary_key_in(primary_key_in)
          .merge(selective_sync_scope(node))
          .merge(object_storage_scope(node))
      end

      override :verification_state_table_name
      def verification_state_table_name
        'widget_states'
      end

      override :verification_state_model_key
      def verification_state_model_key
        'widget_id'
      end

      override :verification_arel_table
      def verification_arel_table
        ::Geo::WidgetState.arel_table
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

    def widget_state
      super || build_widget_state
    end
  end
end
