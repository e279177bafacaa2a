# frozen_string_literal: true

module EE
  module Widget
    extend ActiveSupport::Concern

    prepended do
      include ::Geo::ReplicableModel
      include ::Geo::VerifiableModel

      delegate(*::Geo::VerificationState::VERIFICATION_METHODS, to: :widget_state)

      with_replicator ::Geo::WidgetReplicator

      has_one :widget_state, autosave: false, inverse_of: :widget,
        class_name: 'Geo::WidgetState'

      scope :with_verification_state, ->(state) {
        joins(:widget_state).where(widget_states: { verification_state: verification_state_value(state) })
      }

      # TODO: model-specific sharding-key scope. Some models scope through an association
      # (e.g. joins) instead of a direct column. Review before merging.
      scope :project_id_in, ->(ids) { where(project_id: ids) }

      def verification_state_object
        widget_state
      end
    end

    class_methods do
      extend ::Gitlab::Utils::Override

      override :verification_state_model_key
      def verification_state_model_key
        :widget_id
      end

      override :verification_state_table_class
      def verification_state_table_class
        Geo::WidgetState
      end

      # TODO: selective_sync_scope is model-specific. Review and consult a Geo expert if needed.
      override :selective_sync_scope
      def selective_sync_scope(node, **params)
        replicables = params.fetch(:replicables, all)
        replicables = replicables.primary_key_in(params[:primary_key_in]) if params[:primary_key_in].present?

        return replicables unless node.selective_sync?

        if node.selective_sync_by_namespaces? || node.selective_sync_by_shards?
          replicables.project_id_in(::Project.selective_sync_scope(node).select(:id))
        elsif node.selective_sync_by_organizations?
          organization_ids = node.organizations.select(:id)
          project_ids = ::Project.where(organization_id: organization_ids).select(:id)
          replicables.where(project_id: project_ids)
        else
          raise ::Geo::Errors::UnknownSelectiveSyncType.new(selective_sync_type: node.selective_sync_type)
        end
      end
    end
  end
end
