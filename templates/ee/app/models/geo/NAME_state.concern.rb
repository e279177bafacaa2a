# frozen_string_literal: true

module Geo
  class {{ n.class }}State < ApplicationRecord
    include ::Geo::VerificationStateDefinition
{%- if generator %}

    self.primary_key = :{{ n.foreign_key }}
{%- endif %}

    belongs_to :{{ n.name }}, inverse_of: :{{ n.name }}_state, class_name: '{{ n.model_class }}'

    validates :verification_state, :{{ n.name }}, presence: true
  end
end
