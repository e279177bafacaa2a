# frozen_string_literal: true

class Geo::{{ n.registry_class }} < Geo::BaseRegistry
{%- if c.replicable_registry %}
  include ::Geo::ReplicableRegistry
{%- if c.verifiable_registry %}
  include ::Geo::VerifiableRegistry
{%- endif %}

  MODEL_CLASS = ::{{ n.model_class }}
  MODEL_FOREIGN_KEY = :{{ n.foreign_key }}
{%- else %}
  include Geo::StateMachineRegistry
{%- endif %}

  belongs_to :{{ n.name }}, class_name: '{{ n.model_class }}'
end
