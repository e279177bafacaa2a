# frozen_string_literal: true

module EE
  module GadgetRepository
    extend ActiveSupport::Concern

    prepended do
      include ::Geo::ReplicableModel
      include ::Geo::VerifiableModel

      delegate(*::Geo::VerificationState::VERIFICATION_METHODS, to: :gadget_repository_state)

      with_replicator Geo::GadgetRepositoryReplicator

      has_one :gadget_repository_state,
        autosave: false,
        inverse_of: :gadget_repository,
        class_name: 'Geo::GadgetRepositoryState'

      scope :available_verifiables, -> { joins(:gadget_repository_state) }

      scope :with_verification_state, ->(state) {
        joins(:gadget_repository_state)
          .where(gadget_repository_states: { verification_state: verification_state_value(state) })
      }

      def verification_state_object
        gadget_repository_state
      end

      scope :with_licensed_gadgets, -> { joins(:project).merge(::Project.with_feature_available(:gadgets)) }
    end

    class_methods do
      extend ::Gitlab::Utils::Override

      # @return [ActiveRecord::Relation<GadgetRepository>] scope observing selective sync
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
        :gadget_repository_id
      end

      override :verification_state_table_class
      def verification_state_table_class
        ::Geo::GadgetRepositoryState
      end
    end

    def push_rule
      project.push_rule
    end

    # Geo checks this method in FrameworkRepositorySyncService to avoid
    # snapshotting repositories using object pools
    def pool_repository
      nil
    end

    def gadget_repository_state
      super || build_gadget_repository_state
    end
  end
end
