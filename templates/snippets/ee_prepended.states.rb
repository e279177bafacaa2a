include ::Geo::ReplicableModel
include ::Geo::VerifiableModel

delegate(*::Geo::VerificationState::VERIFICATION_METHODS, to: :{{ n.name }}_state)

with_replicator Geo::{{ n.replicator_class }}

has_one :{{ n.name }}_state,
  autosave: false,
  inverse_of: :{{ n.name }},
  class_name: 'Geo::{{ n.class }}State'
{%- if f.project_scoped && !f.has_project_id_in %}

scope :project_id_in, ->(ids) { where(project_id: ids) }
{%- endif %}

scope :available_verifiables, -> { joins(:{{ n.name }}_state) }

scope :with_verification_state, ->(state) {
  joins(:{{ n.name }}_state)
    .where({{ n.name }}_states: { verification_state: verification_state_value(state) })
}

def verification_state_object
  {{ n.name }}_state
end
