# frozen_string_literal: true

module EE
  module Widgets
    module Archive
      extend ActiveSupport::Concern

      prepended do
        include ::Geo::ReplicableModel
        include ::Geo::VerifiableModel

        delegate(*::Geo::VerificationState::VERIFICATION_METHODS, to: :widgets_archive_state)

        with_replicator Geo::WidgetsArchiveReplicator

        has_one :widgets_archive_state,
          autosave: false,
          inverse_of: :widgets_archive,
          class_name: 'Geo::WidgetsArchiveState'

        scope :available_verifiables, -> { joins(:widgets_archive_state) }

        scope :with_verification_state, ->(state) {
          joins(:widgets_archive_state)
            .where(widgets_archive_states: { verification_state: verification_state_value(state) })
        }

        def verification_state_object
          widgets_archive_state
        end
      end

      class_methods do
        extend ::Gitlab::Utils::Override

        # @return [ActiveRecord::Relation<Widgets::Archive>] scope observing selective sync
        #         settings of the given node
        override :selective_sync_scope
        def selective_sync_scope(node, **params)
          replicables = params.fetch(:replicables, all)
          replicables = replicables.primary_key_in(params[:primary_key_in]) if params[:primary_key_in].present?

          return replicables unless node.selective_sync?

          replicables.project_id_in(::Project.selective_sync_scope(node).select(:id))
        end

        override :verification_state_model_key
        def verification_state_model_key
          :widgets_archive_id
        end

        override :verification_state_table_class
        def verification_state_table_class
          ::Geo::WidgetsArchiveState
        end
      end

      def widgets_archive_state
        super || build_widgets_archive_state
      end
    end
  end
end
