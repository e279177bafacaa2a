include ::Geo::ReplicableModel
include ::Geo::VerifiableModel

delegate(*::Geo::VerificationState::VERIFICATION_METHODS, to: :{{ n.name }}_state)

with_replicator ::Geo::{{ n.replicator_class }}

has_one :{{ n.name }}_state, autosave: false, inverse_of: :{{ n.name }},
  class_name: 'Geo::{{ n.class }}State'

scope :with_verification_state, ->(state) {
  joins(:{{ n.name }}_state).where({{ n.name }}_states: { verification_state: verification_state_value(state) })
}
{%- if let Some(key) = f.sharding_key %}

# TODO: model-specific sharding-key scope. Some models scope through an association
# (e.g. joins) instead of a direct column. Review before merging.
scope :{{ key }}_in, ->(ids) { where({{ key }}: ids) }
{%- endif %}

def verification_state_object
  {{ n.name }}_state
end
{%- if repo %}

# Geo prefers repository snapshotting; returning nil avoids snapshotting object pools,
# which can cause data loss. Remove only if this type genuinely uses pools.
def pool_repository
  nil
end

def {{ n.name }}_state
  super || build_{{ n.name }}_state
end
{%- endif %}
