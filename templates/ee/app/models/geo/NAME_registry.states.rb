# frozen_string_literal: true

module Geo
  class {{ n.registry_class }} < Geo::BaseRegistry
    include ::Geo::ReplicableRegistry
    include ::Geo::VerifiableRegistry
{%- if p.registry_naming.value == crate::probe::RegistryNaming::Constants %}

    MODEL_CLASS = ::{{ n.model_class }}
    MODEL_FOREIGN_KEY = :{{ n.foreign_key }}
{%- endif %}

    belongs_to :{{ n.name }}, class_name: '{{ n.model_class }}'
{%- if p.registry_naming.value == crate::probe::RegistryNaming::Methods %}

    def self.model_class
      ::{{ n.model_class }}
    end

    def self.model_foreign_key
      :{{ n.foreign_key }}
    end
{%- endif %}
  end
end
