include ::Gitlab::Geo::ReplicableModel
{%- if c.verification_state %}
include ::Gitlab::Geo::VerificationState
{%- endif %}

with_replicator Geo::{{ n.replicator_class }}
{%- if c.states %}

has_one :{{ n.name }}_state, autosave: true, inverse_of: :{{ n.name }}, class_name: 'Geo::{{ n.class }}State'

delegate :verification_retry_at, :verification_retry_at=,
         :verified_at, :verified_at=,
         :verification_checksum, :verification_checksum=,
         :verification_failure, :verification_failure=,
         :verification_retry_count, :verification_retry_count=,
         :verification_state=, :verification_state,
         :verification_started_at=, :verification_started_at,
  to: :{{ n.name }}_state

scope :with_verification_state, ->(state) { joins(:{{ n.name }}_state).where({{ n.name }}_states: { verification_state: verification_state_value(state) }) }
scope :checksummed, -> { joins(:{{ n.name }}_state).where.not({{ n.name }}_states: { verification_checksum: nil }) }
scope :not_checksummed, -> { joins(:{{ n.name }}_state).where({{ n.name }}_states: { verification_checksum: nil }) }
{%- endif %}
