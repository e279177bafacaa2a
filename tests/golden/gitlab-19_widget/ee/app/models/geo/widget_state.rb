# frozen_string_literal: true

module Geo
  class WidgetState < ApplicationRecord
    include ::Geo::VerificationStateDefinition

    self.primary_key = :widget_id

    belongs_to :widget, inverse_of: :widget_state, class_name: 'Widget'

    validates :verification_state, :widget, presence: true
  end
end
